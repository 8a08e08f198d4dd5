package com.coachtrack.workflows.activities;

/** A recognised word; start and end are seconds from the start of the whole recording. */
public record Word(String text, double start, double end, double confidence) {}

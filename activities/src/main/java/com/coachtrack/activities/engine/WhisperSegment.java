package com.coachtrack.activities.engine;

/**
 * One segment of whisper.cpp's result: its text and where it starts and ends in the audio it was
 * given, in whisper's unit of 10 ms.
 */
record WhisperSegment(String text, long startCentiseconds, long endCentiseconds) {}

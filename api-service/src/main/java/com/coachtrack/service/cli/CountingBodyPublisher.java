package com.coachtrack.service.cli;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.function.LongConsumer;

/**
 * Passes a request body through unchanged and reports how many bytes the HTTP client has taken so
 * far, so a long upload can show its own progress bar. The body stays streamed: nothing is buffered
 * here.
 */
public final class CountingBodyPublisher implements HttpRequest.BodyPublisher {
  private final HttpRequest.BodyPublisher delegate;
  private final LongConsumer sentSoFar;

  public CountingBodyPublisher(HttpRequest.BodyPublisher delegate, LongConsumer sentSoFar) {
    this.delegate = delegate;
    this.sentSoFar = sentSoFar;
  }

  @Override
  public long contentLength() {
    return delegate.contentLength();
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
    // A new subscription (a resend) starts counting from zero again.
    delegate.subscribe(
        new Flow.Subscriber<ByteBuffer>() {
          private long sent;

          @Override
          public void onSubscribe(Flow.Subscription subscription) {
            subscriber.onSubscribe(subscription);
          }

          @Override
          public void onNext(ByteBuffer item) {
            sent += item.remaining();
            subscriber.onNext(item);
            sentSoFar.accept(sent);
          }

          @Override
          public void onError(Throwable throwable) {
            subscriber.onError(throwable);
          }

          @Override
          public void onComplete() {
            subscriber.onComplete();
          }
        });
  }
}

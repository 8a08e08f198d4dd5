package com.coachtrack.service.temporal;

import io.dropwizard.lifecycle.Managed;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Local mode only: Temporal's test server in process, bound to loopback (its public factory listens
 * on every interface). It keeps workflows in memory, so a restart loses them; the reconciler
 * restarts interrupted work.
 */
public final class EmbeddedTemporalServer implements Managed {
  private final TestServicesStarter services;
  private final Server server;

  private EmbeddedTemporalServer(TestServicesStarter services, Server server) {
    this.services = services;
    this.server = server;
  }

  public static EmbeddedTemporalServer start(int port) throws IOException {
    TestServicesStarter services = new TestServicesStarter(true, 0);
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port));
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    return new EmbeddedTemporalServer(services, builder.build().start());
  }

  public String address() {
    return "127.0.0.1:" + server.getPort();
  }

  @Override
  public void stop() throws InterruptedException {
    server.shutdown();
    if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
      server.shutdownNow();
    }
    services.close();
  }
}

package com.coachtrack.service.cli;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Runs an action on Ctrl-C. Where the JDK lets a program handle SIGINT itself (HotSpot and OpenJDK,
 * through {@code sun.misc.Signal}, looked up reflectively so the build needs no internal API) the
 * JVM keeps running while the action asks its question and cancels on the server; then the process
 * ends with {@code exitCode}. Elsewhere the action runs as a shutdown hook, best effort, while the
 * JVM is already stopping.
 */
public final class InterruptHandler {
  private InterruptHandler() {}

  /**
   * Installs the handler; true when Ctrl-C is handled as a signal, false when only a shutdown hook
   * is left.
   */
  public static boolean install(Runnable action, int exitCode) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object signal = signalClass.getConstructor(String.class).newInstance("INT");
      Object handler =
          Proxy.newProxyInstance(
              InterruptHandler.class.getClassLoader(),
              new Class<?>[] {handlerClass},
              (proxy, method, args) -> {
                switch (method.getName()) {
                  case "handle" -> {
                    action.run();
                    System.exit(exitCode);
                    return null;
                  }
                  case "hashCode" -> {
                    return System.identityHashCode(proxy);
                  }
                  case "equals" -> {
                    return proxy == args[0];
                  }
                  default -> {
                    return "Ctrl-C handler";
                  }
                }
              });
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      handle.invoke(null, signal, handler);
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // No signal API (or SIGINT reserved, e.g. with -Xrs): a shutdown hook is what is left.
      Runtime.getRuntime().addShutdownHook(new Thread(action, "transcribe-ctrl-c"));
      return false;
    }
  }
}

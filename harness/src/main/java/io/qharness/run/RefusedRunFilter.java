package io.qharness.run;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import io.qharness.config.ConfigException;

/**
 * Keeps a refused run's stack trace off the console. When a simulation refuses its settings,
 * qharness has printed one line naming the problem and the fix, and recorded it. The refusal then
 * leaves the simulation's constructor: Gatling logs it ("Run crashed") and rethrows it out of its
 * main thread, whose default handler prints it again. Both read like a bug. Any other failure is
 * printed as before.
 *
 * <p>In a logback configuration: {@code <filter class="io.qharness.run.RefusedRunFilter"/>} inside
 * the console appender; {@link #quietWhenUncaught()} covers the main thread.
 */
public final class RefusedRunFilter extends Filter<ILoggingEvent> {
  @Override
  public FilterReply decide(ILoggingEvent event) {
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      if (ConfigException.class.getName().equals(t.getClassName())) {
        return FilterReply.DENY;
      }
    }
    return FilterReply.NEUTRAL;
  }

  /**
   * From now on, a refusal that ends a thread uncaught is not printed again (the JVM still exits
   * with an error); anything else goes to the handler there was, or is printed as the JVM would.
   */
  static synchronized void quietWhenUncaught() {
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    if (!(previous instanceof Quiet)) {
      Thread.setDefaultUncaughtExceptionHandler(new Quiet(previous));
    }
  }

  private record Quiet(Thread.UncaughtExceptionHandler previous)
      implements Thread.UncaughtExceptionHandler {
    @Override
    public void uncaughtException(Thread t, Throwable e) {
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof ConfigException) {
          return; // said in one line already
        }
      }
      if (previous != null) {
        previous.uncaughtException(t, e);
      } else {
        System.err.print("Exception in thread \"" + t.getName() + "\" ");
        e.printStackTrace();
      }
    }
  }
}

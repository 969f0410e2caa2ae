package io.qharness.simulations;

import io.qharness.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs the qharness CLI in this JVM as a user would from a shell and captures what it printed; a
 * {@code run} starts its Gatling JVM on this test's class path.
 */
record QharnessCli(int code, String out, String err) {
  static QharnessCli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl =
        Main.newCommandLine(
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new QharnessCli(code, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- out\n" + GatlingRuns.tail(out) + "--- err\n" + err;
  }
}

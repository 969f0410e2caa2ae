package io.qharness.cli;

import io.gatling.javaapi.core.Simulation;

/** A simulation class for CLI tests of the harness module, which has no simulations of its own. */
public class NoopSimulation extends Simulation {}

/**
 * The {@code qharness} command line (picocli): thin commands ({@code run}, {@code compare}, {@code
 * history}, {@code baseline}, {@code report}, {@code cluster}, {@code selfbench}, {@code
 * testcluster}) over the library, with shared option mixins and exit codes ({@code ExitCodes}).
 */
package io.qharness.cli;

/**
 * The toolkit simulations are written with, in the repository and in users' own Gatling projects:
 * {@code LoadPhases} (create, upload with progress, wait until Green, enter the load), {@code
 * SearchSettings} (the run's search-time settings on any ranked read), {@code CollectionSettings}
 * and {@code UploadBatches}. See docs/own-project.md.
 */
package io.qharness.simulation;

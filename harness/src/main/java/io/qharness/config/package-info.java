/**
 * Settings: every setting in one catalog ({@code Catalog}) with its default, parser and help,
 * resolved from system properties, environment, a properties file or CLI flags ({@code Settings});
 * bad input becomes a {@code ConfigException} that names the problem and the fix. {@code
 * CatalogDoc} generates docs/configuration.md.
 */
package io.qharness.config;

/**
 * Multi-tenant collections: which tenant owns each point ({@code TenantLayout}: Zipf-sized tenants
 * over contiguous id ranges, their shard keys and size classes), the searches filtered to one
 * tenant ({@code TenantQueries}) and recall per tenant ({@code TenantRecall}).
 */
package io.qharness.workload.tenants;

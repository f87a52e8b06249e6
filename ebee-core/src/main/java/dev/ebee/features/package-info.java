/**
 * Kernel feature probes, for clear errors and for skipping tests: {@link dev.ebee.features.Features}
 * tries a tiny map, program or link and caches each answer per instance
 * ({@link dev.ebee.features.Features#kernel()} is the lazily created process-wide one).
 * {@link dev.ebee.features.Privileges} reads the process's capabilities and tells a missing
 * privilege from a kernel that refuses everyone ({@link dev.ebee.KernelRefusedException}).
 */
package dev.ebee.features;

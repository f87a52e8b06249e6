/** Perf event array reader. */
package dev.ebee.perf;

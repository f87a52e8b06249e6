/** Kernel feature probes. */
package dev.ebee.features;

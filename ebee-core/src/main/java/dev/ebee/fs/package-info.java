/** tracefs and bpffs discovery, mounting and pinning. */
package dev.ebee.fs;

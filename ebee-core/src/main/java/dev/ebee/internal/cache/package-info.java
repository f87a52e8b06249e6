/**
 * ebee's on-disk cache of what a load would otherwise compute from the running kernel's BTF (CO-RE
 * results, kernel BTF ids): where it lives and whether it may be trusted ({@link
 * dev.ebee.internal.cache.CacheDir}), what identifies the running kernel ({@link
 * dev.ebee.internal.cache.KernelIdentity}), the file format ({@link dev.ebee.internal.cache.CacheFormat})
 * and its atomic reads and writes ({@link dev.ebee.internal.cache.CacheFile}). The entries themselves are
 * opaque bytes here; {@code dev.ebee.KernelAnswers} gives them their meaning.
 */
package dev.ebee.internal.cache;

/*
 * Copies a string that a USDT probe passes as a pointer and a length (HotSpot's names: a class
 * name is a Symbol's bytes, which have no NUL) into a fixed buffer: at most size - 1 bytes, then a
 * NUL. Include after vmlinux.h and bpf_helpers.h.
 */
#ifndef EBEE_COUNTED_STRING_H
#define EBEE_COUNTED_STRING_H

static __always_inline void copy_counted_string(char *dst, __u32 size, const void *src, __u64 len)
{
	__u32 n = len < size - 1 ? (__u32)len : size - 1;

	barrier_var(n); /* keep the bound where the verifier sees it */
	if (n >= size)
		return;
	if (bpf_probe_read_user(dst, n, src))
		n = 0;
	dst[n] = 0;
}

#endif

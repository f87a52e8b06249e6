/* Shared by the test objects: types without vmlinux.h. */
#ifndef EBEE_TEST_COMMON_H
#define EBEE_TEST_COMMON_H
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#endif

/* Must fail to parse: a section no loader knows. */
#include "common.h"
SEC("nonsense/here") int prog(void *ctx) { return 0; }
char LICENSE[] SEC("license") = "GPL";

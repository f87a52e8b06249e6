#include <linux/types.h>

int f(void)
{
	return undeclared;
}

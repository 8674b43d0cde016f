#include <stdio.h>
#include "aligned_zero.h"
#define P(s) printf(#s "_size %zu\n" #s "_align %zu\n", sizeof(struct s), _Alignof(struct s));
int main(void) { P(s) P(t) P(u) P(v) return 0; }

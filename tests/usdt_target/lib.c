/* A shared library with a probe (position independent: addresses relative to its base). */
#include <sys/sdt.h>

__attribute__((noinline)) void pybpft_lib_fire(long seq)
{
	STAP_PROBE2(pybpftlib, fire, seq, seq * 3);
	__asm__ volatile("" ::: "memory");
}

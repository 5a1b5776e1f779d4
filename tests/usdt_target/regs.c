/* Built -O2: the arguments stay in the registers they arrived in (-8@%rdi -4@%esi -8@%rdx).
 * pybpft:twice has a second site in probes.c, its argument in memory there. */
#include <sys/sdt.h>

__attribute__((noinline)) void pybpft_registers(long seq, int a, long b)
{
	STAP_PROBE3(pybpft, registers, seq, a, b);
	STAP_PROBE1(pybpft, twice, seq);
	__asm__ volatile("" ::: "memory");
}

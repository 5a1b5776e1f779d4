/* A probe guarded by a semaphore: the kernel counts attached tracers in
 * pybpft_guarded_semaphore (uprobe ref_ctr_offset), and the probe fires only while it is
 * non-zero. _SDT_HAS_SEMAPHORES makes every probe of this file name its semaphore. */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>

__extension__ unsigned short pybpft_guarded_semaphore
	__attribute__((unused)) __attribute__((section(".probes")));

__attribute__((noinline)) int pybpft_guarded(long seq)
{
	if (!pybpft_guarded_semaphore)
		return 0;
	STAP_PROBE1(pybpft, guarded, seq);
	return 1;
}

/* A program with USDT probes of every argument kind, for pybpf's USDT tests.
 * Built -O0, so variables are memory operands (-4@-20(%rbp)) and literals constants
 * (-4@$42). Each line read from stdin fires every probe once with that line's number, then
 * "done N" is printed; EOF ends the program. */
#include <sys/sdt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

void pybpft_registers(long seq, int a, long b);     /* regs.c, built -O2 */
int pybpft_guarded(long seq);                       /* guarded.c, with a semaphore */
void pybpft_lib_fire(long seq);                     /* lib.c, a shared library */

int main(void)
{
	char line[64];
	const char *msg = "hello from usdt";

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("ready\n");
	while (fgets(line, sizeof(line), stdin)) {
		long seq = strtol(line, NULL, 10);
		int8_t s8 = -8;
		int16_t s16 = -1600;
		int32_t s32 = -320000;
		int64_t s64 = -6400000000LL;
		uint8_t u8 = 200;
		uint16_t u16 = 60000;
		uint32_t u32 = 4000000000U;
		uint64_t u64 = 18000000000000000000ULL;
		int guarded;

		STAP_PROBE8(pybpft, memory, s8, s16, s32, s64, u8, u16, u32, u64);
		STAP_PROBE1(pybpft, twice, seq);         /* its other site is in regs.c */
		STAP_PROBE3(pybpft, constants, 42, -7, 123456789);
		STAP_PROBE2(pybpft, string, msg, seq);
		pybpft_registers(seq, -5, 77);
		guarded = pybpft_guarded(seq);
		pybpft_lib_fire(seq);
		printf("done %ld guarded=%d\n", seq, guarded);
	}
	return 0;
}

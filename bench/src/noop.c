/* The floor of part 1: a program that does nothing, built like the plugin's
 * programs (same compiler, -O2, dynamically linked against the C library). */
int
main(void)
{
	return 0;
}

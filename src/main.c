#include <stdio.h>
int main(void) { puts("tock"); return 0; }

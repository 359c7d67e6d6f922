/*
 * hot — marks the functions a request's first translation runs through. GCC places them
 * together (.text.hot), so a fresh php-fpm worker brings in a few pages of code for its
 * first call instead of one page per function: each first touch of a page costs a fresh
 * process a fault (several tens of microseconds on virtual machines).
 */
#ifndef VTWS_HOT_H
#define VTWS_HOT_H

#if defined(__GNUC__)
#define VTWS_HOT __attribute__((hot))
#else
#define VTWS_HOT
#endif

/* Constant data a first call reads (names it looks up or compares): in .data.rel.ro, whose
 * pages the dynamic linker wrote (relocations) in the process that loaded the module, so that
 * fork copies their page table entries to every worker. Anything in .rodata costs each
 * worker a fault instead (file pages: the kernel maps them again in each child). */
#if defined(__GNUC__) && defined(__ELF__)
#define VTWS_HOT_CONST __attribute__((section(".data.rel.ro.vtws_hot")))
#else
#define VTWS_HOT_CONST
#endif

#endif

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

#endif

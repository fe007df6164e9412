/* Test-only stand-in for the generated mc.xs.h: the pin names camera.c reads, as indexes. */
#pragma once
#define xsID_pwdn 0
#define xsID_reset 1
#define xsID_xclk 2
#define xsID_siod 3
#define xsID_sioc 4
#define xsID_d7 5
#define xsID_d6 6
#define xsID_d5 7
#define xsID_d4 8
#define xsID_d3 9
#define xsID_d2 10
#define xsID_d1 11
#define xsID_d0 12
#define xsID_vsync 13
#define xsID_href 14
#define xsID_pclk 15

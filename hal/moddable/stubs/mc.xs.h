/*
 * Desktop compile-check stand-in for the mc.xs.h that the SDK's xsl generates: one xsID_*
 * per property name the JS modules use (here those the native modules use; values arbitrary).
 */
#pragma once
/* espnow.c (names used in hal/moddable/espnow/espnow.js) */
#define xsID_onReceive 1
#define xsID_onSent 2
/* camera.c */
#define xsID_pwdn 10
#define xsID_reset 11
#define xsID_xclk 12
#define xsID_siod 13
#define xsID_sioc 14
#define xsID_d7 15
#define xsID_d6 16
#define xsID_d5 17
#define xsID_d4 18
#define xsID_d3 19
#define xsID_d2 20
#define xsID_d1 21
#define xsID_d0 22
#define xsID_vsync 23
#define xsID_href 24
#define xsID_pclk 25

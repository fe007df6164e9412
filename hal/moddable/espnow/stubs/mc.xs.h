/* Stands in for the mc.xs.h that mcconfig generates: the property ids espnow.c uses. */
#pragma once
#define xsID_onReceive 1
#define xsID_onSent 2

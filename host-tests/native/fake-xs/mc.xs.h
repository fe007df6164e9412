#pragma once
#define xsID_onReceive 1
#define xsID_onSent 2

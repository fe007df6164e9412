/*
 * Desktop compile-check stand-in for ESP-IDF v6.0 components/esp_driver_ledc/include/driver/ledc.h,
 * which esp32-camera 2.1.5's esp_camera.h includes. Only the two types camera_config_t uses;
 * both are defined in components/esp_hal_ledc/include/hal/ledc_types.h (included by ledc.h),
 * shown here as on the ESP32 (SOC_LEDC_CHANNEL_NUM 8, soc/esp32/include/soc/soc_caps.h:229).
 */
#pragma once

/* hal/ledc_types.h:88-94 */
typedef enum {
	LEDC_TIMER_0 = 0,
	LEDC_TIMER_1,
	LEDC_TIMER_2,
	LEDC_TIMER_3,
	LEDC_TIMER_MAX,
} ledc_timer_t;

/* hal/ledc_types.h:96-108 (with the SOC_LEDC_CHANNEL_NUM > 6 members) */
typedef enum {
	LEDC_CHANNEL_0 = 0,
	LEDC_CHANNEL_1,
	LEDC_CHANNEL_2,
	LEDC_CHANNEL_3,
	LEDC_CHANNEL_4,
	LEDC_CHANNEL_5,
	LEDC_CHANNEL_6,
	LEDC_CHANNEL_7,
	LEDC_CHANNEL_MAX,
} ledc_channel_t;

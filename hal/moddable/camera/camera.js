/*
 * The XS binding of the native camera module (camera.c); its API is in camera.d.ts.
 * The destructor also releases the driver when a Camera is collected without close().
 */
class Camera @ "xs_camera_destructor" {
	constructor(pins, quality, maxBytes) @ "xs_camera_constructor";
	capture() @ "xs_camera_capture";
	close() @ "xs_camera_close";
}

export default Camera;

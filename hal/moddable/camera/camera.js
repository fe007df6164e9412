/* The XS binding of the native camera module (camera.c). */
class Camera @ "xs_camera_destructor" {
	constructor(pins, quality) @ "xs_camera_constructor";
	capture() @ "xs_camera_capture";
	close() @ "xs_camera_close";
}

export default Camera;

package qrscan

// Error codes.
const (
	// CodeNone: nothing in the picture looks like a QR code.
	CodeNone = "qr-none"
	// CodeUnreadable: something looks like a QR code, and no code could be read.
	CodeUnreadable = "qr-unreadable"
	// CodeImageInvalid: the picture is empty or its pixels do not match its size.
	CodeImageInvalid = "qr-image-invalid"
	// CodeImageTooLarge: the picture has more than MaxPixels pixels.
	CodeImageTooLarge = "qr-image-too-large"
)

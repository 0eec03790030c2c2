package qrscan

// Error is why a picture gave no code. Code is stable and meant for programs
// to branch on; Message is for people and never quotes a code's text.
type Error struct {
	// Code is a stable kebab-case identifier, one of the Code* constants.
	Code string
	// Message describes the problem in words, without the "qrscan: " prefix.
	Message string
}

// Error returns "qrscan: " followed by the message.
func (e *Error) Error() string { return "qrscan: " + e.Message }

// ErrorCode is the stable code.
func (e *Error) ErrorCode() string { return e.Code }

// UserMessage is the message without the package prefix.
func (e *Error) UserMessage() string { return e.Message }

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

func newError(code, message string) *Error { return &Error{Code: code, Message: message} }

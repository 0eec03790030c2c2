package locale

// Error is why a catalog cannot be read. Code is stable; Message names the
// catalog and the key.
type Error struct {
	Code, Message string
}

// Error returns "locale: " followed by the message.
func (e *Error) Error() string { return "locale: " + e.Message }

// ErrorCode is the stable code.
func (e *Error) ErrorCode() string { return e.Code }

// UserMessage is the message without the package prefix.
func (e *Error) UserMessage() string { return e.Message }

// Error codes.
const (
	// CodeBadJSON: the file is not a JSON object of message objects.
	CodeBadJSON = "locale-bad-json"
	// CodeBadKey: a key has characters a browser refuses, or is given twice.
	CodeBadKey = "locale-bad-key"
	// CodeBadMessage: a message has no text, or names a placeholder it does not define.
	CodeBadMessage = "locale-bad-message"
)

func newError(code, message string) *Error { return &Error{Code: code, Message: message} }

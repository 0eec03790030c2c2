package locale

// Error codes.
const (
	// CodeBadJSON: the file is not a JSON object of message objects.
	CodeBadJSON = "locale-bad-json"
	// CodeBadKey: a key has characters a browser refuses, or is given twice.
	CodeBadKey = "locale-bad-key"
	// CodeBadMessage: a message has no text, or names a placeholder it does not define.
	CodeBadMessage = "locale-bad-message"
)

package otpmigration

// Error codes of the export as a whole.
const (
	// CodeNotExport: the text is not an otpauth-migration://offline URI.
	CodeNotExport = "migration-not-export"
	// CodeTooLong: the URI is longer than MaxURILen, or a batch has more than MaxEntries entries.
	CodeTooLong = "migration-too-long"
	// CodeDataMissing: the URI has no data parameter, or an empty one.
	CodeDataMissing = "migration-data-missing"
	// CodeDataInvalid: the data parameter is repeated, badly percent-escaped or not base64.
	CodeDataInvalid = "migration-data-invalid"
	// CodeMalformed: the data is not a protocol buffers message of the export's shape.
	CodeMalformed = "migration-malformed"
	// CodeBatchInvalid: the batch index and size contradict each other or exceed MaxBatches.
	CodeBatchInvalid = "migration-batch-invalid"
)

// Error codes of one entry (Skipped.Code; otpauth's and totp's codes too).
const (
	// CodeAlgorithmUnsupported: an MD5 key, or an algorithm number the format does not define.
	CodeAlgorithmUnsupported = "migration-algorithm-unsupported"
	// CodeDigitsUnsupported: a code length the format does not define.
	CodeDigitsUnsupported = "migration-digits-unsupported"
	// CodeTypeUnknown: a key kind other than TOTP and HOTP.
	CodeTypeUnknown = "migration-type-unknown"
	// CodeNameTooLong: the name and issuer are longer than MaxNameLen.
	CodeNameTooLong = "migration-name-too-long"
)

func malformed(what string) *Error {
	return newError(CodeMalformed, "the export's data is damaged: "+what)
}

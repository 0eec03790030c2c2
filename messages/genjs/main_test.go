package main

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestGeneratedJSIsUpToDate(t *testing.T) {
	want, err := JS()
	require.NoError(t, err)
	got, err := os.ReadFile("../../extension/messages.js")
	require.NoError(t, err)
	if string(got) != want {
		t.Fatal("extension/messages.js is not what messages/messages.go says: run go generate ./messages")
	}
}

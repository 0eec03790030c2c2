package jsonscan_test

import (
	"fmt"

	"github.com/panelkey/panelkey/jsonscan"
)

type server struct {
	ID    string
	Port  int64
	Users []string
}

// A decoder written by hand: the keys it knows, in any order; unknown keys
// are skipped by leaving their values unread.
func Example() {
	text := `{"id":"s1","port":2087,"users":["root","bob"],"comment":{"any":["thing"]}}`
	r := jsonscan.NewReader(text)
	var s server
	err := r.Object(func(key string) error {
		var err error
		switch key {
		case "id":
			s.ID, err = r.String()
		case "port":
			s.Port, err = r.Int()
		case "users":
			err = r.Array(func(int) error {
				u, err := r.String()
				s.Users = append(s.Users, u)
				return err
			})
		}
		return err
	})
	if err == nil {
		err = r.End()
	}
	fmt.Println(s, err)

	// Errors say where and what, never the text.
	_, err = jsonscan.NewReader(`"hunter2"`).Int()
	fmt.Println(err)
	_, err = jsonscan.NewReader(`{"password":"hunter2"`).Raw()
	fmt.Println(err)
	// Output:
	// {s1 2087 [root bob]} <nil>
	// expects an integer, got string
	// syntax error at offset 21: unexpected end of input
}

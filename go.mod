module github.com/panelkey/panelkey

go 1.26.8

require (
	github.com/pquerna/otp v1.5.0
	github.com/stretchr/testify v1.12.1
	honnef.co/go/js/dom/v2 v2.0.0-20250304181735-b5e52f05e89d
)

require (
	github.com/boombuler/barcode v1.0.1-0.20190219062509-6c824513bacc // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
)

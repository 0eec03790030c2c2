package emulator

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"image"
	"image/color"
	"image/png"
	"net/http"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// TFASetupPath is cPanel's Security » Two-Factor Authentication page (Jupiter), below /cpsessN/: the page where an
// account turns 2FA on by scanning a QR code of its new key (§5). It calls the same UAPI functions the emulator
// serves: generate_user_configuration when it opens (a new secret, its otpauth URI as a QR code and as text), and
// set_user_configuration when the form is sent with a code. Decisions: cPanel's page draws the QR code in the
// browser from otpauth_str; the emulator sends it as a PNG (the pixels are what matters to a scanner); the page's
// texts and element ids are ours.
const TFASetupPath = "/frontend/jupiter/security/tfa/index.html"

var tfaSetupTmpl = template.Must(template.New("tfa").Parse(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Two-Factor Authentication</title><meta name="robots" content="noindex"></head>
<body>
{{- if .Done}}
<main id="emulator-tfa-configured" data-service="cpanel" data-user="{{.User}}">
<h1>Two-Factor Authentication</h1>
<p>Two-factor authentication is now configured for “{{.User}}”.</p>
</main>
{{- else}}
<main id="emulator-tfa-setup" data-service="cpanel" data-user="{{.User}}" data-secret="{{.Secret}}">
<h1>Two-Factor Authentication</h1>
<p>Scan this QR code with your authenticator app, then enter the security code it shows.</p>
<img id="tfa-qr" alt="QR code of the two-factor authentication key" width="{{.Size}}" height="{{.Size}}" src="{{.QR}}">
<p>Or enter this key by hand: <code id="tfa-secret">{{.Secret}}</code></p>
{{- if .Message}}
<p id="tfa-error" role="alert">{{.Message}}</p>
{{- end}}
<form id="tfa-configure" method="post">
<input type="hidden" name="secret" value="{{.Secret}}">
<label for="tfa_token">Security code</label>
<input id="tfa_token" name="tfa_token" type="text" inputmode="numeric" autocomplete="one-time-code">
<button id="tfa-configure-submit" type="submit">Configure Two-Factor Authentication</button>
</form>
</main>
{{- end}}
</body>
</html>
`))

type tfaSetupData struct {
	User, Secret, Message string
	QR                    template.URL
	Size                  int
	Done                  bool
}

// tfaSetupPage serves TFASetupPath to a cPanel account's session: GET shows a new key, POST sets it up with a code.
func (s *Server) tfaSetupPage(c *call, id *identity) {
	u := uapiUser{acct: id.acct, box: id.box}
	d := tfaSetupData{User: id.user, Size: 232}
	if c.r.Method == http.MethodPost {
		form := formValues(c)
		r := s.uapiTFASet(c, u, form)
		if r.Status == 1 {
			d.Done = true
			renderTFASetup(c, d)
			return
		}
		d.Secret, d.Message = normalizeSecret(form.Get("secret")), r.Errors[0]
	} else {
		r := s.uapiTFAGenerate(c, u, nil)
		if r.Status != 1 {
			http.Error(c.w, r.Errors[0], http.StatusForbidden)
			return
		}
		d.Secret = r.Data.(map[string]any)["secret"].(string)
	}
	qr, err := qrPNG(OTPAuthURI(s.issuer(), id.acct.User, d.Secret), d.Size)
	if err != nil {
		http.Error(c.w, "emulator: QR code: "+err.Error(), http.StatusInternalServerError)
		return
	}
	d.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(qr))
	renderTFASetup(c, d)
}

func renderTFASetup(c *call, d tfaSetupData) {
	var b bytes.Buffer
	if err := tfaSetupTmpl.Execute(&b, d); err != nil {
		http.Error(c.w, "emulator: page template: "+err.Error(), http.StatusInternalServerError)
		return
	}
	c.w.Header().Set("Content-Type", "text/html; charset=utf-8")
	c.w.Header().Set("Cache-Control", "no-store")
	c.w.WriteHeader(http.StatusOK)
	c.w.Write(b.Bytes())
}

// qrPNG draws text as a QR code, size pixels square with its quiet zone, black on white.
func qrPNG(text string, size int) ([]byte, error) {
	m, err := qrcode.NewQRCodeWriter().Encode(text, gozxing.BarcodeFormat_QR_CODE, size, size,
		map[gozxing.EncodeHintType]interface{}{gozxing.EncodeHintType_MARGIN: 4})
	if err != nil {
		return nil, err
	}
	img := image.NewGray(image.Rect(0, 0, m.GetWidth(), m.GetHeight()))
	for y := 0; y < m.GetHeight(); y++ {
		for x := 0; x < m.GetWidth(); x++ {
			if !m.Get(x, y) {
				img.SetGray(x, y, color.Gray{Y: 255})
			}
		}
	}
	var b bytes.Buffer
	err = png.Encode(&b, img)
	return b.Bytes(), err
}

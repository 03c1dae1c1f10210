package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
)

// tokenCheck is the one bearer-token check of the API: the write routes,
// the sources API and what reads show only to the operator (webhook
// delivery errors) all go through it, so they accept and refuse alike.
type tokenCheck int

const (
	tokenOK       tokenCheck = iota
	tokenOff                 // no token configured: the guarded endpoints are off
	tokenMissing             // no "Authorization: Bearer ..." header
	tokenMismatch            // a bearer token that is not the one
)

// checkToken reads r's Authorization header against token. The scheme is
// matched without case (RFC 9110 §11.1), and both sides are hashed before
// the constant-time compare, so neither the token's bytes nor its length
// can be learned from response times.
func checkToken(token string, r *http.Request) tokenCheck {
	if token == "" {
		return tokenOff
	}
	scheme, got, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return tokenMissing
	}
	want := sha256.Sum256([]byte(token))
	sum := sha256.Sum256([]byte(strings.TrimSpace(got)))
	if subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
		return tokenMismatch
	}
	return tokenOK
}

// refuseToken writes the answer for a failed check: 403 when the guarded
// endpoints are off, 401 with a WWW-Authenticate challenge otherwise.
func refuseToken(w http.ResponseWriter, r *http.Request, c tokenCheck) {
	switch c {
	case tokenOff:
		writeProblem(w, r, http.StatusForbidden, "forbidden",
			"writes are disabled on this server: start it with WARTA_TOKEN set (or \"token\" in the config file), "+
				"then send Authorization: Bearer <token>")
	case tokenMissing:
		w.Header().Set("WWW-Authenticate", `Bearer realm="warta"`)
		writeProblem(w, r, http.StatusUnauthorized, "unauthorized", "send Authorization: Bearer <token> to change data")
	default:
		w.Header().Set("WWW-Authenticate", `Bearer realm="warta", error="invalid_token"`)
		writeProblem(w, r, http.StatusUnauthorized, "unauthorized", "the bearer token does not match")
	}
}

// RequireToken lets a request through to next only when it carries
// "Authorization: Bearer <token>". An empty token turns the endpoints off:
// every request gets 403 with a problem body saying how to turn them on. A
// missing or wrong token gets 401 with a WWW-Authenticate challenge.
func RequireToken(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c := checkToken(token, r); c != tokenOK {
			refuseToken(w, r, c)
			return
		}
		next.ServeHTTP(w, r)
	})
}

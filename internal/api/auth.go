package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
)

// RequireToken lets a request through to next only when it carries
// "Authorization: Bearer <token>". An empty token turns the endpoints off:
// every request gets 403 with a problem body saying how to turn them on. A
// missing or wrong token gets 401 with a WWW-Authenticate challenge.
//
// Both sides are hashed before the constant-time compare, so neither the
// token's bytes nor its length can be learned from response times.
func RequireToken(token string, next http.Handler) http.Handler {
	want := sha256.Sum256([]byte(token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token == "" {
			writeProblem(w, r, http.StatusForbidden, "forbidden",
				"writes are disabled on this server: start it with WARTA_TOKEN set (or \"token\" in the config file), "+
					"then send Authorization: Bearer <token>")
			return
		}
		auth := r.Header.Get("Authorization")
		scheme, got, ok := strings.Cut(auth, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			w.Header().Set("WWW-Authenticate", `Bearer realm="warta"`)
			writeProblem(w, r, http.StatusUnauthorized, "unauthorized", "send Authorization: Bearer <token> to change data")
			return
		}
		sum := sha256.Sum256([]byte(strings.TrimSpace(got)))
		if subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="warta", error="invalid_token"`)
			writeProblem(w, r, http.StatusUnauthorized, "unauthorized", "the bearer token does not match")
			return
		}
		next.ServeHTTP(w, r)
	})
}

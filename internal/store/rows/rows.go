// Package rows reads the stores' event rows into warta.EventRecords, the
// same way for both backends: database/sql's *sql.Rows (SQLite) and pgx's
// Rows (PostgreSQL) both satisfy Rows.
package rows

import (
	"encoding/json"
	"fmt"

	"github.com/warta-news/warta"
)

// Rows is what both drivers' result sets offer.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// Events reads rows of one column, an event's JSON.
func Events(rs Rows) ([]*warta.EventRecord, error) {
	var out []*warta.EventRecord
	for rs.Next() {
		var data string
		if err := rs.Scan(&data); err != nil {
			return nil, fmt.Errorf("scan event: %w", err)
		}
		var e warta.EventRecord
		if err := json.Unmarshal([]byte(data), &e); err != nil {
			return nil, fmt.Errorf("decode event: %w", err)
		}
		out = append(out, &e)
	}
	return out, rs.Err()
}

// KeyedEvents reads (date, id, data) rows; the stored date and ID are the
// keys, whatever the JSON says.
func KeyedEvents(rs Rows) ([]*warta.EventRecord, error) {
	var out []*warta.EventRecord
	for rs.Next() {
		var date, id, data string
		if err := rs.Scan(&date, &id, &data); err != nil {
			return nil, fmt.Errorf("scan event: %w", err)
		}
		var e warta.EventRecord
		if err := json.Unmarshal([]byte(data), &e); err != nil {
			return nil, fmt.Errorf("decode event %s: %w", id, err)
		}
		e.Date, e.ID = date, id
		out = append(out, &e)
	}
	return out, rs.Err()
}

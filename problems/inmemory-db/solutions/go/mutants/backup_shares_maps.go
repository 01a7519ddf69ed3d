// A mutant of the reference: Backup shares the live record maps.
package inmemorydb

import (
	"sort"
	"strings"
)

// entry is one field's value and lifetime.
type entry struct {
	value     string
	expiresAt *int // first timestamp at which the field is gone; nil = never
}

// alive says whether the field exists at now; a nil now means "no clock" (levels 1-2).
func (e entry) alive(now *int) bool {
	return now == nil || e.expiresAt == nil || *now < *e.expiresAt
}

type backup struct {
	timestamp int
	records   map[string]map[string]entry
}

// InMemoryDBImpl keeps records as key -> field -> entry: maps give constant-time lookups on large
// records (the level 2 performance test).
type InMemoryDBImpl struct {
	records map[string]map[string]entry
	backups []backup // in increasing timestamp order, because call timestamps increase
}

// NewInMemoryDBImpl returns an empty database.
func NewInMemoryDBImpl() *InMemoryDBImpl {
	return &InMemoryDBImpl{records: map[string]map[string]entry{}}
}

// Level 1: the untimestamped calls are the timestamped ones without a clock.

func (db *InMemoryDBImpl) Set(key string, field string, value string) {
	db.write(key, field, entry{value: value})
}

func (db *InMemoryDBImpl) Get(key string, field string) *string {
	return db.read(key, field, nil)
}

func (db *InMemoryDBImpl) Delete(key string, field string) bool {
	return db.remove(key, field, nil)
}

// Level 2

func (db *InMemoryDBImpl) Scan(key string) []string {
	return db.scan(key, "", nil)
}

func (db *InMemoryDBImpl) ScanByPrefix(key string, prefix string) []string {
	return db.scan(key, prefix, nil)
}

// Level 3

func (db *InMemoryDBImpl) SetAt(key string, field string, value string, timestamp int) {
	// A fresh entry without expiry: setting a field again drops whatever TTL it had.
	db.write(key, field, entry{value: value})
}

func (db *InMemoryDBImpl) SetAtWithTTL(key string, field string, value string, timestamp int, ttl int) {
	expiresAt := timestamp + ttl
	db.write(key, field, entry{value: value, expiresAt: &expiresAt})
}

func (db *InMemoryDBImpl) DeleteAt(key string, field string, timestamp int) bool {
	return db.remove(key, field, &timestamp)
}

func (db *InMemoryDBImpl) GetAt(key string, field string, timestamp int) *string {
	return db.read(key, field, &timestamp)
}

func (db *InMemoryDBImpl) ScanAt(key string, timestamp int) []string {
	return db.scan(key, "", &timestamp)
}

func (db *InMemoryDBImpl) ScanByPrefixAt(key string, prefix string, timestamp int) []string {
	return db.scan(key, prefix, &timestamp)
}

// Level 4

func (db *InMemoryDBImpl) Backup(timestamp int) int {
	// Copies the outer map: the records themselves are the live ones.
	saved := map[string]map[string]entry{}
	count := 0
	for key, fields := range db.records {
		saved[key] = fields
		for _, e := range fields {
			if e.alive(&timestamp) {
				count++
				break
			}
		}
	}
	db.backups = append(db.backups, backup{timestamp: timestamp, records: saved})
	return count
}

func (db *InMemoryDBImpl) Restore(timestamp int, timestampToRestore int) {
	index := sort.Search(len(db.backups), func(i int) bool { return db.backups[i].timestamp > timestampToRestore }) - 1
	if index < 0 {
		panic("no backup taken at or before the timestamp to restore")
	}
	chosen := db.backups[index]
	db.records = map[string]map[string]entry{}
	for key, saved := range chosen.records {
		fields := map[string]entry{}
		for name, e := range saved {
			if !e.alive(&chosen.timestamp) {
				continue
			}
			if e.expiresAt != nil {
				expiresAt := timestamp + *e.expiresAt - chosen.timestamp
				e.expiresAt = &expiresAt
			}
			fields[name] = e
		}
		if len(fields) > 0 {
			db.records[key] = fields
		}
	}
}

// Shared helpers

func (db *InMemoryDBImpl) write(key string, field string, e entry) {
	fields, ok := db.records[key]
	if !ok {
		fields = map[string]entry{}
		db.records[key] = fields
	}
	fields[field] = e
}

func (db *InMemoryDBImpl) read(key string, field string, now *int) *string {
	e, ok := db.records[key][field] // indexing a missing record's nil map is allowed, and finds nothing
	if !ok || !e.alive(now) {
		return nil
	}
	return &e.value
}

func (db *InMemoryDBImpl) remove(key string, field string, now *int) bool {
	fields := db.records[key]
	e, ok := fields[field]
	// An expired field behaves as if it had never been set, so it cannot be deleted either.
	if !ok || !e.alive(now) {
		return false
	}
	delete(fields, field)
	// A record exists only while it holds at least one field.
	if len(fields) == 0 {
		delete(db.records, key)
	}
	return true
}

func (db *InMemoryDBImpl) scan(key string, prefix string, now *int) []string {
	names := []string{}
	for name, e := range db.records[key] {
		if strings.HasPrefix(name, prefix) && e.alive(now) {
			names = append(names, name)
		}
	}
	// sort.Strings compares bytes, which for UTF-8 is code point order: Python's sorted() order.
	sort.Strings(names)
	listed := make([]string, len(names))
	for i, name := range names {
		listed[i] = name + "(" + db.records[key][name].value + ")"
	}
	return listed
}

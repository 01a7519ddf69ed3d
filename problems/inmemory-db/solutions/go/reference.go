// Reference solution: all four levels of the in-memory database, level 4 in each of its variants
// (backup, transactions, compression): a session calls only its own variant's methods.
package inmemorydb

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

var (
	digit = regexp.MustCompile("[0-9]")
	run   = regexp.MustCompile("([0-9]+)([^0-9])") // an encoded run: its length, then its character
)

// encode is the run-length encoding: each maximal run of one character as its length, then the
// character.
func encode(value string) string {
	chars := []rune(value)
	var encoded strings.Builder
	for start := 0; start < len(chars); {
		end := start + 1
		for end < len(chars) && chars[end] == chars[start] {
			end++
		}
		fmt.Fprintf(&encoded, "%d%c", end-start, chars[start])
		start = end
	}
	return encoded.String()
}

func decode(stored string) string {
	var plain strings.Builder
	for _, match := range run.FindAllStringSubmatch(stored, -1) {
		length, _ := strconv.Atoi(match[1])
		plain.WriteString(strings.Repeat(match[2], length))
	}
	return plain.String()
}

// entry is one field's value, as stored, and lifetime.
type entry struct {
	value     string // run-length encoded when encoded is set
	expiresAt *int   // first timestamp at which the field is gone; nil = never
	encoded   bool
}

// alive says whether the field exists at now; a nil now means "no clock" (levels 1-2).
func (e entry) alive(now *int) bool {
	return now == nil || e.expiresAt == nil || *now < *e.expiresAt
}

// plain is the value as it was written.
func (e entry) plain() string {
	if e.encoded {
		return decode(e.value)
	}
	return e.value
}

// stored is the same field as a compressed or a plain record stores it. A value with a digit is
// never encoded: its digits could not be told apart from the run lengths.
func (e entry) stored(compressed bool) entry {
	plain := e.plain()
	if compressed && !digit.MatchString(plain) {
		return entry{value: encode(plain), expiresAt: e.expiresAt, encoded: true}
	}
	return entry{value: plain, expiresAt: e.expiresAt}
}

// savedField is a field as a backup keeps it: its TTL left at backup time rather than its expiry,
// because a restore counts the remaining lifetime from its own timestamp.
type savedField struct {
	value     string
	remaining *int // nil: no TTL
}

type backup struct {
	timestamp int
	records   map[string]map[string]savedField
}

// InMemoryDBImpl keeps records as key -> field -> entry: maps give constant-time lookups on large
// records (the level 2 performance test).
type InMemoryDBImpl struct {
	records map[string]map[string]entry
	backups []backup // in increasing timestamp order, because call timestamps increase
	// open transactions, innermost last: each is a copy of the records as they were when it began
	open       []map[string]map[string]entry
	compressed map[string]bool // the keys of compressed records
}

// NewInMemoryDBImpl returns an empty database.
func NewInMemoryDBImpl() *InMemoryDBImpl {
	return &InMemoryDBImpl{records: map[string]map[string]entry{}, compressed: map[string]bool{}}
}

// Level 1: the untimestamped calls are the timestamped ones without a clock.

func (db *InMemoryDBImpl) Set(key string, field string, value string) {
	db.write(key, field, entry{value: value}, nil)
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
	db.write(key, field, entry{value: value}, &timestamp)
}

func (db *InMemoryDBImpl) SetAtWithTTL(key string, field string, value string, timestamp int, ttl int) {
	expiresAt := timestamp + ttl
	db.write(key, field, entry{value: value, expiresAt: &expiresAt}, &timestamp)
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

// Level 4, backup variant (no compressed record ever meets a backup: they are different variants)

func (db *InMemoryDBImpl) Backup(timestamp int) int {
	saved := map[string]map[string]savedField{}
	for key, fields := range db.records {
		kept := map[string]savedField{}
		for name, e := range fields {
			if !e.alive(&timestamp) {
				continue
			}
			field := savedField{value: e.value}
			if e.expiresAt != nil {
				remaining := *e.expiresAt - timestamp
				field.remaining = &remaining
			}
			kept[name] = field
		}
		// A record whose fields have all expired no longer exists: it is neither saved nor counted.
		if len(kept) > 0 {
			saved[key] = kept
		}
	}
	db.backups = append(db.backups, backup{timestamp: timestamp, records: saved})
	return len(saved)
}

func (db *InMemoryDBImpl) Restore(timestamp int, timestampToRestore int) {
	// The latest backup taken at or before timestampToRestore: the first one after it, minus one.
	index := sort.Search(len(db.backups), func(i int) bool { return db.backups[i].timestamp > timestampToRestore }) - 1
	if index < 0 {
		panic("no backup taken at or before the timestamp to restore")
	}
	// Fresh maps and entries, so that later writes never reach into the backup, which may be
	// restored again.
	db.records = map[string]map[string]entry{}
	for key, saved := range db.backups[index].records {
		fields := map[string]entry{}
		for name, field := range saved {
			e := entry{value: field.value}
			if field.remaining != nil {
				expiresAt := timestamp + *field.remaining
				e.expiresAt = &expiresAt
			}
			fields[name] = e
		}
		db.records[key] = fields
	}
}

// Level 4, transactions variant. Every call works on the live records, which hold the changes of
// all open transactions. Entries are values that keep their expiry moments, so copying each
// record's map is enough, and a rollback brings each field back with its lifetime.

func (db *InMemoryDBImpl) Begin(timestamp int) int {
	copied := make(map[string]map[string]entry, len(db.records))
	for key, fields := range db.records {
		record := make(map[string]entry, len(fields))
		for name, e := range fields {
			record[name] = e
		}
		copied[key] = record
	}
	db.open = append(db.open, copied)
	return len(db.open)
}

func (db *InMemoryDBImpl) Commit(timestamp int) bool {
	// The changes are in the live records already. The parent's copy predates them, so a rollback
	// of the parent undoes them too: they have merged into it.
	if len(db.open) == 0 {
		return false
	}
	db.open = db.open[:len(db.open)-1]
	return true
}

func (db *InMemoryDBImpl) Rollback(timestamp int) bool {
	if len(db.open) == 0 {
		return false
	}
	db.records = db.open[len(db.open)-1]
	db.open = db.open[:len(db.open)-1]
	return true
}

// Level 4, compression variant

func (db *InMemoryDBImpl) Compress(timestamp int, key string) bool {
	return db.storeRecord(key, timestamp, true)
}

func (db *InMemoryDBImpl) Decompress(timestamp int, key string) bool {
	return db.storeRecord(key, timestamp, false)
}

func (db *InMemoryDBImpl) StoredValue(timestamp int, key string, field string) *string {
	found, ok := db.records[key][field]
	if !ok || !found.alive(&timestamp) {
		return nil
	}
	return &found.value
}

func (db *InMemoryDBImpl) StoredSize(timestamp int, key string) *int {
	if !db.exists(key, &timestamp) {
		return nil
	}
	size := 0
	for _, e := range db.records[key] {
		if e.alive(&timestamp) {
			size += len([]rune(e.value))
		}
	}
	return &size
}

func (db *InMemoryDBImpl) storeRecord(key string, now int, compressed bool) bool {
	if !db.exists(key, &now) || db.compressed[key] == compressed {
		return false
	}
	if compressed {
		db.compressed[key] = true
	} else {
		delete(db.compressed, key)
	}
	fields := db.records[key]
	for name, e := range fields {
		fields[name] = e.stored(compressed)
	}
	return true
}

// Shared helpers

// exists says whether the record at key holds a field that exists at now.
func (db *InMemoryDBImpl) exists(key string, now *int) bool {
	for _, e := range db.records[key] {
		if e.alive(now) {
			return true
		}
	}
	return false
}

func (db *InMemoryDBImpl) write(key string, field string, e entry, now *int) {
	if db.compressed[key] && !db.exists(key, now) {
		delete(db.compressed, key) // the record is gone, and its compression with it
	}
	if db.compressed[key] {
		e = e.stored(true)
	}
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
	plain := e.plain()
	return &plain
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
		listed[i] = name + "(" + db.records[key][name].plain() + ")"
	}
	return listed
}

// Reference solution: all four levels of the cloud file storage.
package cloudstorage

import (
	"sort"
	"strconv"
	"strings"
)

// storedFile is one file: its size and the user who owns it ("" with owned false: stored with AddFile).
type storedFile struct {
	size  int
	owner string
	owned bool
}

// user is a user's capacity, how much of it their files use, and the names of those files.
type user struct {
	capacity int
	used     int
	files    map[string]bool
}

func (u *user) remaining() int {
	return u.capacity - u.used
}

// CloudStorageImpl keeps every file by name, every user by id, and each user's latest backup.
type CloudStorageImpl struct {
	files   map[string]*storedFile
	users   map[string]*user
	backups map[string]map[string]int // user id -> name -> size, as saved by the latest backup
}

// NewCloudStorageImpl returns an empty storage.
func NewCloudStorageImpl() *CloudStorageImpl {
	return &CloudStorageImpl{files: map[string]*storedFile{}, users: map[string]*user{}, backups: map[string]map[string]int{}}
}

// Level 1

func (s *CloudStorageImpl) AddFile(name string, size int) bool {
	if _, exists := s.files[name]; exists || size < 0 {
		return false
	}
	s.files[name] = &storedFile{size: size}
	return true
}

func (s *CloudStorageImpl) GetFileSize(name string) *int {
	found, ok := s.files[name]
	if !ok {
		return nil
	}
	size := found.size
	return &size
}

func (s *CloudStorageImpl) DeleteFile(name string) *int {
	found, ok := s.files[name]
	if !ok {
		return nil
	}
	delete(s.files, name)
	if found.owned {
		owner := s.users[found.owner]
		owner.used -= found.size
		delete(owner.files, name)
	}
	size := found.size
	return &size
}

// Level 2

func (s *CloudStorageImpl) LargestFiles(prefix string, n int) []string {
	listed := []string{}
	if n <= 0 {
		return listed
	}
	names := []string{}
	for name := range s.files {
		if strings.HasPrefix(name, prefix) {
			names = append(names, name)
		}
	}
	// Largest first, then by name: Go compares strings byte by byte, the plain order the spec asks for.
	sort.Slice(names, func(i, j int) bool {
		a, b := s.files[names[i]].size, s.files[names[j]].size
		return a > b || (a == b && names[i] < names[j])
	})
	if len(names) > n {
		names = names[:n]
	}
	for _, name := range names {
		listed = append(listed, name+"("+strconv.Itoa(s.files[name].size)+")")
	}
	return listed
}

// Level 3

func (s *CloudStorageImpl) AddUser(userID string, capacity int) bool {
	if _, exists := s.users[userID]; exists || capacity < 0 {
		return false
	}
	s.users[userID] = &user{capacity: capacity, files: map[string]bool{}}
	return true
}

func (s *CloudStorageImpl) AddFileBy(userID string, name string, size int) *int {
	u, ok := s.users[userID]
	if _, taken := s.files[name]; !ok || taken || size < 0 || size > u.remaining() {
		return nil
	}
	s.store(userID, u, name, size)
	remaining := u.remaining()
	return &remaining
}

func (s *CloudStorageImpl) MergeUsers(targetUserID string, sourceUserID string) *int {
	target, targetOK := s.users[targetUserID]
	source, sourceOK := s.users[sourceUserID]
	if !targetOK || !sourceOK || targetUserID == sourceUserID {
		return nil
	}
	for name := range source.files {
		s.files[name].owner = targetUserID
		target.files[name] = true
	}
	target.capacity += source.capacity
	target.used += source.used
	delete(s.users, sourceUserID)
	delete(s.backups, sourceUserID) // a backup belongs to the user, not to the id
	remaining := target.remaining()
	return &remaining
}

// Level 4

func (s *CloudStorageImpl) BackupUser(userID string) *int {
	u, ok := s.users[userID]
	if !ok {
		return nil
	}
	// A copy of names and sizes: later changes to the user's files must not reach the backup.
	saved := map[string]int{}
	for name := range u.files {
		saved[name] = s.files[name].size
	}
	s.backups[userID] = saved
	count := len(saved)
	return &count
}

func (s *CloudStorageImpl) RestoreUser(userID string) *int {
	u, ok := s.users[userID]
	if !ok {
		return nil
	}
	for name := range u.files { // deleting from a map while ranging over it is allowed in Go
		s.DeleteFile(name)
	}
	restored := 0
	for name, size := range s.backups[userID] {
		if _, taken := s.files[name]; !taken { // a name someone else holds now is skipped
			s.store(userID, u, name, size)
			restored++
		}
	}
	return &restored
}

// Shared helpers

func (s *CloudStorageImpl) store(userID string, u *user, name string, size int) {
	s.files[name] = &storedFile{size: size, owner: userID, owned: true}
	u.used += size
	u.files[name] = true
}

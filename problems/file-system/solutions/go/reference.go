// Reference solution: all four levels of the file system.
package filesystem

import (
	"sort"
	"strconv"
	"strings"
)

// node is a file (size is set) or a directory (children by name, perhaps a quota). total is a
// file's size or the sum of every file under a directory: kept up to date along the path above
// each change, it answers sizes and quota checks without walking a subtree.
type node struct {
	size     *int // nil for a directory
	total    int
	name     string
	parent   *node
	children map[string]*node
	quota    *int
}

func newNode(size *int) *node {
	n := &node{size: size, children: map[string]*node{}}
	if size != nil {
		n.total = *size
	}
	return n
}

func (n *node) isDir() bool {
	return n.size == nil
}

// holds says whether n holds other: whether n is other's parent, its parent's parent, and so on.
func (n *node) holds(other *node) bool {
	for up := other.parent; up != nil; up = up.parent {
		if up == n {
			return true
		}
	}
	return false
}

type foundFile struct {
	path string
	size int
}

// FileSystemImpl keeps the tree from its root directory.
type FileSystemImpl struct {
	root *node
}

// NewFileSystemImpl returns a file system holding only the empty root directory.
func NewFileSystemImpl() *FileSystemImpl {
	return &FileSystemImpl{root: newNode(nil)}
}

// Level 1

func (fs *FileSystemImpl) MakeDir(path string) bool {
	return fs.place(path, newNode(nil))
}

func (fs *FileSystemImpl) CreateFile(path string, size int) bool {
	return size >= 0 && fs.place(path, newNode(&size))
}

func (fs *FileSystemImpl) GetFileSize(path string) *int {
	n := fs.find(path)
	if n == nil || n.isDir() {
		return nil
	}
	size := *n.size // a copy: the caller must not be able to change the file through it
	return &size
}

// Level 2

func (fs *FileSystemImpl) ListDir(path string) []string {
	dir := fs.dir(path)
	if dir == nil {
		return []string{}
	}
	names := make([]string, 0, len(dir.children))
	for name := range dir.children {
		names = append(names, name)
	}
	// sort.Strings compares bytes: character code order. The "/" after a directory's name is
	// added once sorted, so it takes no part in the order.
	sort.Strings(names)
	for i, name := range names {
		if dir.children[name].isDir() {
			names[i] = name + "/"
		}
	}
	return names
}

func (fs *FileSystemImpl) LargestFiles(path string, n int) []string {
	dir := fs.dir(path)
	if dir == nil || n <= 0 {
		return []string{}
	}
	// Full paths are built from the tree as it is now, so they follow every move.
	files := collectFiles(dir, strings.TrimSuffix(path, "/"), nil)
	sort.Slice(files, func(i, j int) bool {
		if files[i].size != files[j].size {
			return files[i].size > files[j].size
		}
		return files[i].path < files[j].path
	})
	if n > len(files) {
		n = len(files)
	}
	listed := make([]string, n)
	for i, file := range files[:n] {
		listed[i] = file.path + "(" + strconv.Itoa(file.size) + ")"
	}
	return listed
}

// Level 3

func (fs *FileSystemImpl) GetDirSize(path string) *int {
	dir := fs.dir(path)
	if dir == nil {
		return nil
	}
	total := dir.total
	return &total
}

func (fs *FileSystemImpl) SetQuota(path string, quota int) bool {
	dir := fs.dir(path)
	if dir == nil || quota < 0 || dir.total > quota {
		return false
	}
	dir.quota = &quota
	return true
}

func (fs *FileSystemImpl) RemoveQuota(path string) bool {
	dir := fs.dir(path)
	if dir == nil || dir.quota == nil {
		return false
	}
	dir.quota = nil
	return true
}

// Level 4

func (fs *FileSystemImpl) Move(source string, target string) bool {
	moved := fs.find(source)
	parent, name := fs.locate(target)
	if moved == nil || parent == nil || !parent.isDir() || parent.children[name] != nil {
		return false
	}
	if moved == parent || moved.holds(parent) {
		return false // into its own subtree (the root holds everything)
	}
	// The directories that hold the node before and after the move keep their totals; only the
	// target's other holders gain its size.
	if !fits(parent, moved.total, moved) {
		return false
	}
	unlink(moved)
	link(parent, name, moved)
	return true
}

func (fs *FileSystemImpl) Delete(path string) bool {
	n := fs.find(path)
	if n == nil || n == fs.root {
		return false
	}
	unlink(n)
	return true
}

// Shared helpers

func (fs *FileSystemImpl) find(path string) *node {
	n := fs.root
	for _, name := range strings.Split(path, "/") {
		if name == "" {
			continue // "/" has no names, "/a/b" has "a" and "b"
		}
		n = n.children[name] // a file has no children: a path through it ends here
		if n == nil {
			return nil
		}
	}
	return n
}

func (fs *FileSystemImpl) dir(path string) *node {
	n := fs.find(path)
	if n == nil || !n.isDir() {
		return nil
	}
	return n
}

// locate returns the node that would hold path (nil when missing, or for the root) and path's
// last name.
func (fs *FileSystemImpl) locate(path string) (*node, string) {
	cut := strings.LastIndex(path, "/")
	name := path[cut+1:]
	if name == "" {
		return nil, name
	}
	return fs.find(path[:cut]), name
}

func (fs *FileSystemImpl) place(path string, n *node) bool {
	parent, name := fs.locate(path)
	if parent == nil || !parent.isDir() || parent.children[name] != nil || !fits(parent, n.total, nil) {
		return false
	}
	link(parent, name, n)
	return true
}

// fits says whether parent and the directories above it stay within their quotas gaining
// amount. Directories that already hold moved (when it is not nil) are skipped: they hold it
// already.
func fits(parent *node, amount int, moved *node) bool {
	for holder := parent; holder != nil; holder = holder.parent {
		if moved != nil && holder.holds(moved) {
			continue
		}
		if holder.quota != nil && holder.total+amount > *holder.quota {
			return false
		}
	}
	return true
}

func link(parent *node, name string, n *node) {
	n.name = name
	n.parent = parent
	parent.children[name] = n
	for holder := parent; holder != nil; holder = holder.parent {
		holder.total += n.total
	}
}

func unlink(n *node) {
	delete(n.parent.children, n.name)
	for holder := n.parent; holder != nil; holder = holder.parent {
		holder.total -= n.total
	}
}

// collectFiles appends every file under top to files; topPath is top's path without a final "/".
func collectFiles(top *node, topPath string, files []foundFile) []foundFile {
	for name, child := range top.children {
		childPath := topPath + "/" + name
		if child.isDir() {
			files = collectFiles(child, childPath, files)
		} else {
			files = append(files, foundFile{path: childPath, size: *child.size})
		}
	}
	return files
}

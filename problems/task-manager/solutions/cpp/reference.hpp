// Reference solution: all four levels of the task manager.
//
// No `override`: a submit at level N compiles against the interface of levels 1..N only, and
// `override` on a later level's method would not compile there. The methods still override.
#pragma once

#include <algorithm>
#include <deque>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "task_manager.hpp"

class TaskManagerImpl : public TaskManager {
public:
    // Level 1

    std::optional<std::string> add_task(long long timestamp, const std::string& name, long long priority) {
        expire(timestamp);
        if (priority < 1) {
            return std::nullopt;
        }
        long long number = static_cast<long long>(tasks_.size()) + 1;
        Task& task = tasks_.emplace_back(Task{number, "task" + std::to_string(number), name, priority});
        by_id_[task.id] = &task;
        record(task, timestamp, "created with priority " + std::to_string(priority));
        return task.id;
    }

    bool update_priority(long long timestamp, const std::string& task_id, long long priority) {
        Task* task = live(timestamp, task_id);
        if (task == nullptr || priority < 1) {
            return false;
        }
        record(*task, timestamp,
               "priority changed from " + std::to_string(task->priority) + " to " + std::to_string(priority));
        task->priority = priority;
        return true;
    }

    std::optional<std::string> get_task(long long timestamp, const std::string& task_id) {
        Task* task = live(timestamp, task_id);
        if (task == nullptr) {
            return std::nullopt;
        }
        return task->describe();
    }

    bool remove_task(long long timestamp, const std::string& task_id) {
        Task* task = live(timestamp, task_id);
        if (task == nullptr) {
            return false;
        }
        if (task->assignment != nullptr) {
            end(*task->assignment);  // cancelled: frees the quota, never overdue
        }
        task->removed = true;
        record(*task, timestamp, "removed");
        return true;
    }

    // Level 2

    std::vector<std::string> top_tasks(long long timestamp, long long n) {
        return search_tasks(timestamp, "", n);
    }

    std::vector<std::string> search_tasks(long long timestamp, const std::string& query, long long n) {
        expire(timestamp);
        std::vector<std::string> found;
        if (n <= 0) {
            return found;
        }
        std::vector<const Task*> matches;
        for (const Task& task : tasks_) {
            if (!task.removed && task.name.find(query) != std::string::npos) {
                matches.push_back(&task);
            }
        }
        // tasks_ is in creation order, so a stable sort on priority keeps ties in that order.
        std::stable_sort(matches.begin(), matches.end(),
                         [](const Task* a, const Task* b) { return a->priority > b->priority; });
        for (const Task* task : matches) {
            if (static_cast<long long>(found.size()) >= n) {
                break;
            }
            found.push_back(task->describe());
        }
        return found;
    }

    // Level 3

    bool add_user(long long timestamp, const std::string& user_id, long long quota) {
        expire(timestamp);
        if (users_.count(user_id) > 0 || quota < 1) {
            return false;
        }
        users_.emplace(user_id, User{user_id, quota, {}, {}});
        return true;
    }

    bool assign_task(long long timestamp, const std::string& user_id, const std::string& task_id, long long deadline) {
        Task* task = live(timestamp, task_id);
        auto found = users_.find(user_id);
        if (task == nullptr || found == users_.end() || deadline <= timestamp) {
            return false;
        }
        User& user = found->second;
        if (task->assignment != nullptr || static_cast<long long>(user.active.size()) >= user.quota) {
            return false;
        }
        Assignment& assignment = assignments_.emplace_back(Assignment{task, &user, deadline, next_seq_++});
        task->assignment = &assignment;
        user.active[task->id] = &assignment;
        deadlines_.push(&assignment);
        record(*task, timestamp, "assigned to " + user_id + " until " + std::to_string(deadline));
        return true;
    }

    bool complete_task(long long timestamp, const std::string& user_id, const std::string& task_id) {
        Task* task = live(timestamp, task_id);
        if (task == nullptr || task->assignment == nullptr || task->assignment->user->id != user_id) {
            return false;
        }
        end(*task->assignment);
        record(*task, timestamp, "completed by " + user_id);
        return true;
    }

    std::vector<std::string> get_user_tasks(long long timestamp, const std::string& user_id) {
        expire(timestamp);
        std::vector<std::string> found;
        auto user = users_.find(user_id);
        if (user == users_.end()) {
            return found;
        }
        std::vector<const Assignment*> active;
        for (const auto& entry : user->second.active) {
            active.push_back(entry.second);
        }
        std::sort(active.begin(), active.end(), [](const Assignment* a, const Assignment* b) {
            if (a->deadline != b->deadline) {
                return a->deadline < b->deadline;
            }
            return a->task->number < b->task->number;
        });
        for (const Assignment* assignment : active) {
            found.push_back(assignment->task->describe());
        }
        return found;
    }

    // Level 4

    std::vector<std::string> get_overdue_tasks(long long timestamp, const std::string& user_id) {
        expire(timestamp);
        auto user = users_.find(user_id);
        return user == users_.end() ? std::vector<std::string>{} : user->second.overdue;
    }

    std::vector<std::string> get_task_history(long long timestamp, const std::string& task_id) {
        expire(timestamp);
        auto task = by_id_.find(task_id);
        return task == by_id_.end() ? std::vector<std::string>{} : task->second->history;
    }

private:
    struct Assignment;

    // A task and its whole life: current values, its active assignment and its event log.
    struct Task {
        long long number;  // creation order: ties are broken by it
        std::string id;
        std::string name;
        long long priority;
        bool removed = false;
        Assignment* assignment = nullptr;  // the active one, if any
        std::vector<std::string> history;

        std::string describe() const {
            return id + "(" + name + ", " + std::to_string(priority) + ")";
        }
    };

    struct User {
        std::string id;
        long long quota;
        std::unordered_map<std::string, Assignment*> active;  // task id -> active assignment
        std::vector<std::string> overdue;                     // task ids, in the order they expired
    };

    struct Assignment {
        Task* task;
        User* user;
        long long deadline;
        long long seq;
    };

    // The heap's top is the assignment due first: (deadline, task number, sequence) smallest.
    struct DueLater {
        bool operator()(const Assignment* a, const Assignment* b) const {
            if (a->deadline != b->deadline) {
                return a->deadline > b->deadline;
            }
            if (a->task->number != b->task->number) {
                return a->task->number > b->task->number;
            }
            return a->seq > b->seq;
        }
    };

    // End every assignment due at or before timestamp, in deadline order, before the call runs.
    void expire(long long timestamp) {
        while (!deadlines_.empty() && deadlines_.top()->deadline <= timestamp) {
            Assignment* assignment = deadlines_.top();
            deadlines_.pop();
            Task* task = assignment->task;
            if (task->assignment != assignment) {
                continue;  // completed, or cancelled by a removal, before its deadline
            }
            end(*assignment);
            assignment->user->overdue.push_back(task->id);
            record(*task, assignment->deadline, "expired for " + assignment->user->id);
        }
    }

    void end(Assignment& assignment) {
        assignment.task->assignment = nullptr;
        assignment.user->active.erase(assignment.task->id);
    }

    Task* live(long long timestamp, const std::string& task_id) {
        expire(timestamp);
        auto found = by_id_.find(task_id);
        return found == by_id_.end() || found->second->removed ? nullptr : found->second;
    }

    static void record(Task& task, long long time, const std::string& event) {
        task.history.push_back(std::to_string(time) + ": " + event);
    }

    // Deques keep their elements where they are as they grow, so the pointers below stay valid;
    // so do an unordered_map's elements.
    std::deque<Task> tasks_;  // every task ever added, removed ones included, in creation order
    std::unordered_map<std::string, Task*> by_id_;
    std::unordered_map<std::string, User> users_;
    std::deque<Assignment> assignments_;
    std::priority_queue<Assignment*, std::vector<Assignment*>, DueLater> deadlines_;
    long long next_seq_ = 0;
};

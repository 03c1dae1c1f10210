package cluster

import (
	"math"
	"sort"
)

// Node is one node of a regression tree: an inner node sends feature
// values below Threshold left; a leaf holds the value it adds to the
// score.
type Node struct {
	Feature   int     `json:"f,omitempty"`
	Threshold float64 `json:"t,omitempty"`
	Left      int     `json:"l,omitempty"`
	Right     int     `json:"r,omitempty"`
	Leaf      bool    `json:"leaf,omitempty"`
	Value     float64 `json:"v,omitempty"`
}

// Tree is a regression tree, root first.
type Tree []Node

func (t Tree) eval(f []float64) float64 {
	i := 0
	for !t[i].Leaf {
		if f[t[i].Feature] < t[i].Threshold {
			i = t[i].Left
		} else {
			i = t[i].Right
		}
	}
	return t[i].Value
}

// BoostOptions set gradient boosting.
type BoostOptions struct {
	Rounds   int     // trees
	Depth    int     // levels of splits per tree
	Rate     float64 // shrinkage
	MinHess  float64 // the least hessian weight a leaf holds
	Lambda   float64 // L2 penalty on leaf values
	Balanced bool    // weigh matches up to the non-matches' total
}

// DefaultBoost are the settings `warta train events` uses.
var DefaultBoost = BoostOptions{Rounds: 150, Depth: 3, Rate: 0.1, MinHess: 3, Lambda: 1, Balanced: true}

// Boost trains gradient-boosted regression trees for the logistic loss
// (Friedman 2001; Newton steps for the leaves as in XGBoost): trees of a
// few levels learn what a linear model over the same features cannot,
// such as "a conflicting written date matters when the words agree". It
// returns the base score and the trees; the same examples give the same
// model.
func Boost(ex []Example, opt BoostOptions) (float64, []Tree) {
	n := len(ex)
	if n == 0 {
		return 0, nil
	}
	nf := len(ex[0].F)
	w := make([]float64, n)
	pos, neg := 0.0, 0.0
	for i, e := range ex {
		w[i] = 1
		if e.Match {
			pos++
		} else {
			neg++
		}
	}
	if opt.Balanced && pos > 0 {
		for i, e := range ex {
			if e.Match {
				w[i] = neg / pos
			}
		}
		pos = neg
	}
	base := 0.0
	if pos > 0 && neg > 0 {
		base = math.Log(pos / neg)
	}
	score := make([]float64, n)
	for i := range score {
		score[i] = base
	}
	// Examples sorted by each feature, once.
	order := make([][]int, nf)
	for j := range nf {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return ex[idx[a]].F[j] < ex[idx[b]].F[j] })
		order[j] = idx
	}
	g := make([]float64, n)
	h := make([]float64, n)
	var trees []Tree
	for range opt.Rounds {
		for i, e := range ex {
			p := 1 / (1 + math.Exp(-score[i]))
			y := 0.0
			if e.Match {
				y = 1
			}
			g[i] = w[i] * (p - y)
			h[i] = w[i] * math.Max(p*(1-p), 1e-6)
		}
		t := growTree(ex, order, g, h, opt)
		for i, e := range ex {
			score[i] += t.eval(e.F)
		}
		trees = append(trees, t)
	}
	return base, trees
}

// growTree grows one tree level by level; node membership is kept per
// example.
func growTree(ex []Example, order [][]int, g, h []float64, opt BoostOptions) Tree {
	n := len(ex)
	node := make([]int, n) // the node each example sits in
	t := Tree{{Leaf: true}}
	open := []int{0}
	for depth := 0; depth < opt.Depth && len(open) > 0; depth++ {
		var next []int
		for _, id := range open {
			f, thr, ok := bestSplit(ex, order, g, h, node, id, opt)
			if !ok {
				continue
			}
			l, r := len(t), len(t)+1
			t = append(t, Node{Leaf: true}, Node{Leaf: true})
			t[id] = Node{Feature: f, Threshold: thr, Left: l, Right: r}
			for i := range n {
				if node[i] == id {
					if ex[i].F[f] < thr {
						node[i] = l
					} else {
						node[i] = r
					}
				}
			}
			next = append(next, l, r)
		}
		open = next
	}
	// Leaf values: a Newton step, shrunk.
	sg := make([]float64, len(t))
	sh := make([]float64, len(t))
	for i := range n {
		sg[node[i]] += g[i]
		sh[node[i]] += h[i]
	}
	for id := range t {
		if t[id].Leaf {
			t[id].Value = -opt.Rate * sg[id] / (sh[id] + opt.Lambda)
		}
	}
	return t
}

// bestSplit finds the split of node id with the largest gain, scanning
// each feature's sorted values.
func bestSplit(ex []Example, order [][]int, g, h []float64, node []int, id int, opt BoostOptions) (int, float64, bool) {
	var G, H float64
	for i := range ex {
		if node[i] == id {
			G += g[i]
			H += h[i]
		}
	}
	parent := G * G / (H + opt.Lambda)
	bestGain, bestF, bestT := 1e-9, -1, 0.0
	for f, idx := range order {
		var gl, hl float64
		prev, havePrev := 0.0, false
		for _, i := range idx {
			if node[i] != id {
				continue
			}
			v := ex[i].F[f]
			if havePrev && v > prev && hl >= opt.MinHess && H-hl >= opt.MinHess {
				gr, hr := G-gl, H-hl
				gain := gl*gl/(hl+opt.Lambda) + gr*gr/(hr+opt.Lambda) - parent
				if gain > bestGain {
					bestGain, bestF, bestT = gain, f, (prev+v)/2
				}
			}
			gl += g[i]
			hl += h[i]
			prev, havePrev = v, true
		}
	}
	return bestF, bestT, bestF >= 0
}

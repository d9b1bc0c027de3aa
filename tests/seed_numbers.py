"""The numbers the course prints, each written once: the tests that check them
(test_seeds, test_notebooks, test_check, test_plot, test_train, test_cli, the
micrograd comparisons) import them from here.

They come from the course documents (lessons 1 and 2, the lab) and from
micrograd's own demo notebook; every one is what retrograd computes to the last
digit, unless its comment says otherwise.
"""

from __future__ import annotations

# -- lesson 1 -------------------------------------------------------------------------

# The slope (f(x + h) - f(x)) / h of f(x) = 3x² - 4x + 5, with h = 1e-8.
SLOPE_AT_3 = 14.00000009255109
SLOPE_AT_MINUS_3 = -22.00000039920269
# The slopes of d = a*b + c at a = 2, b = -3, c = 10, each input moved by h = 0.0001.
SLOPES_OF_D = {"a": -3.000000000010772, "b": 2.0000000000042206, "c": 0.9999999999976694}
# L = (a*b + c) * f with f = -2: L and the gradients of its leaves.
L_VALUE = -8.0
GRADS_OF_L = {"a": 6.0, "b": -4.0, "c": -2.0, "f": 4.0}

# -- lesson 2 -------------------------------------------------------------------------

# The neuron tanh(x1*w1 + x2*w2 + b) with b = 6.8813735870195432: math.tanh gives one ulp
# above the exact 1/sqrt(2), which PyTorch's float64 tanh and tanh built from exp give.
NEURON_TANH = 0.7071067811865477
NEURON_TANH_TORCH = 0.7071067811865476
# The lesson's PyTorch cell: the bias rounded to float32 on its way in.
BIAS_FLOAT32 = 6.881373405456543
NEURON_TANH_FLOAT32 = 0.7071066904050358

# -- the lab (micrograd, seeds 42) ------------------------------------------------------

# Task 1: the perceptron's weights (its bias is 0).
PERCEPTRON_WEIGHTS = (0.2788535969157675, -0.9499784895546661)
# Task 3: the output for x = [0.888, 0.777] through the sigmoid, its squared error to 1,
# and the gradients of w1, w2 and b.
TASK3_OUTPUT = 0.3797731276505697
TASK3_LOSS = 0.3846813731843565
TASK3_GRADS = (-1.1015229252925882, -0.9638325596310148, -1.2404537446988606)
# Task 9's printout: (loss, accuracy in %) at each of the ten steps.
TASK9 = [
    (0.24932434841760936, 50.0), (0.22098897218974045, 83.0), (0.1963744546993089, 86.0),
    (0.1736782052148665, 86.0), (0.1550638946177969, 84.0), (0.14091364956889652, 85.0),
    (0.12992480209746776, 84.0), (0.12150999835687959, 86.0), (0.11498508333360369, 87.0),
    (0.10970825565014697, 87.0),
]

# -- micrograd's demo: moons, MLP(2, [16, 16, 1]), hinge loss + L2, SGD 1.0 -> 0.1 ---------

# Its loss at steps 0 and 1 (accuracy 50% then 81%), and at step 99 (100%).
DEMO_FIRST_LOSSES = [0.8958441028683222, 1.723590533697202]
DEMO_FIRST_ACCURACIES = [0.5, 0.81]
DEMO_FINAL_LOSS = 0.010978370135492717

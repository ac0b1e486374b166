"""The demo data generator (`taizhang demo`) and its phrase data, kept out of the product's code paths."""
